"""The immutable, validated model of stories and kits."""
