"""Extract stage: quantitative indicators from cleaned, sectioned text."""
