"""The assistant's Rasa input channels, as credentials.yml enables them (README, "Channels")."""
