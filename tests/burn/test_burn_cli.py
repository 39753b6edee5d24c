# Placeholder, replaced by the spindle-cli burn tests in the next commit.
