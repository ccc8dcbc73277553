"""One module per screen (and its modal dialogs): compose, bind keys, call services."""
