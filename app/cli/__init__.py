"""Kiln's command line (Qt-free): the parser, each command's handler, the self-test."""
