"""The screens in the field: pairing and tokens, the signed change feed, fleet updates, what devices send up."""
