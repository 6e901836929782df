"""The learning hub: topic guides, resources, workshops and "speak with someone"."""
