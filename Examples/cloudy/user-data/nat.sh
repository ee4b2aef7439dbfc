#!/bin/bash
# Forward and masquerade the private subnets' traffic out of the default interface.
set -euo pipefail
dnf install -y iptables-services
echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-nat.conf
sysctl --system
interface=$(ip route show default | awk '{print $5; exit}')
iptables -t nat -A POSTROUTING -o "$interface" -j MASQUERADE
iptables -F FORWARD
service iptables save
systemctl enable --now iptables
