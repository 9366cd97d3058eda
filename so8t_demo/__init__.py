"""The bundled demo website: pages written by the team, served on loopback."""
