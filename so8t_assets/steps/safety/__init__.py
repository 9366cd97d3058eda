"""Safety labelling: domains, hazards (MLCommons taxonomy) and the four-class decision."""
