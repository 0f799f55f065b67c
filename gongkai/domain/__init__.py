"""The disclosure domain of the 2011 Nanhu implementing opinions, free of Kivy, HTTP and SQL."""
