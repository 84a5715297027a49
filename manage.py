#!/usr/bin/env python
"""Equivalent to the `huanjie` console script."""
from huanjie.cli import main

if __name__ == "__main__":
    main()
