environment = "tour"
