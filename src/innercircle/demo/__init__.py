"""The bundled demo network: a seeded, realistic year of one professional."""
