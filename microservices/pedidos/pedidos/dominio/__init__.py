"""The orders' domain: the order aggregate, payments and accounts, pure and free of HTTP and stores."""
