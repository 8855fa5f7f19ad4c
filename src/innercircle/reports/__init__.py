"""Rendering the weekly review: terminal (rich) and offline HTML."""
