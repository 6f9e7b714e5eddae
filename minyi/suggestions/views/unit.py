"""(being written)"""


def register_navigation():
    """Menu entries and workbench items of these pages."""
