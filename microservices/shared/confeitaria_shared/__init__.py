"""What every Confeitaria service needs once: config, envelope, outbox, inbox, consumer, web plumbing."""
