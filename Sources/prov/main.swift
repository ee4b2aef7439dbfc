print("prov: under construction")
