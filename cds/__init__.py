"""CĐS Hub: local-government digital transformation data, checked, scored and reported."""
