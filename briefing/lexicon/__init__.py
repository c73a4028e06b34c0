"""Language data kept apart from logic: month names, boilerplate families, speech markers."""
