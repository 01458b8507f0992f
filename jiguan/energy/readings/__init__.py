"""Readings (填报与导入): monthly readings and yearly profiles of the institutions, entered
on a page, imported from Excel (excel/) or sent by the API; every write ends in
actions.readings_save or actions.profile_save. Also the coefficient sets that convert them."""
