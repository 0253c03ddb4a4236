"""The course's logistic regression, written with the guard, and its progress bar."""
