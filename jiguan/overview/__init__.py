"""全省一屏: the province (and a city over its counties) on one screen — the figures the
leadership asks for, each read from its module's summaries, and a tile map of the regions
coloured by a chosen figure, each tile drilling into its module's page. Guide:
docs/overview.md.

The topmost app: it reads every module, the assessment and guidance included; nothing reads
it."""
