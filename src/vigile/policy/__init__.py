"""Charter and policy: turns signals into alerts according to the company's own rules."""
