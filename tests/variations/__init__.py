"""Metamorphic variation suite: layout changes that keep a decree's content must keep its plan."""
