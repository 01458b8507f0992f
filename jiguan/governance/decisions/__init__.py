"""Major administrative decisions (重大行政决策, 国务院令第713号): the yearly catalogue, the
decision cases and their steps, the legality review gate before collective discussion,
the chief's decision after it, publication, the archive (.zip) and the later evaluation."""
