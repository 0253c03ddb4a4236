"""Every sentence bcast says, in English and Simplified Chinese; no rich."""
