"""The overview keeps no tables of its own: it reads the modules' summaries."""
