"""电子印章: the company's electronic seals — the seal CA, issuing, keys, revocation, checks."""
