"""Hometown news (家乡动态): short items staff publish, with an optional photo, as pages and as
Atom feeds that feed readers and other county sites can follow."""
