"""RSS 2.0 and Atom feeds of published publications, per rss channel and per topic."""
