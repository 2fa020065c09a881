"""Readers and writers: turning files and bytes into text mujaz can summarize."""

from mujaz.io.text import decode_text, read_text

__all__ = ["decode_text", "read_text"]
