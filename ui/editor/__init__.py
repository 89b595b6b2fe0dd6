"""The script editor: one scene or one episode at a time, in Chinese or Hollywood layout."""
