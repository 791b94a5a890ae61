"""Where mentions come from: file formats of real platforms (formats/), and live connectors."""
