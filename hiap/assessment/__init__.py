"""From answers to findings: a pure function, no clock, no network, no prompts."""
