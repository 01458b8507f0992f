"""Reporting quality (报送进度与数据质量): who has reported a month and the to-dos chasing the
late (催报), and the data quality checks of a reporting year."""
