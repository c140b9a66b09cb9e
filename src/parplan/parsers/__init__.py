"""Province profiles over the generic parser (see `base.py`)."""

from parplan.parsers.base import BASE, Profile, ProfileError, load_profiles
from parplan.parsers.registry import detect_province, profile_for, select_profile

__all__ = ["BASE", "Profile", "ProfileError", "detect_province", "load_profiles", "profile_for", "select_profile"]
