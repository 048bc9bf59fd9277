"""The catalog's rules: products and categories, their versions, stock, and an order's reservation."""
