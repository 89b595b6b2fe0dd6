"""Line translations: beside their source lines, edited, marked stale."""
