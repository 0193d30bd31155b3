"""pydantic v2 models: the public data contract between stages and with plugin authors."""
