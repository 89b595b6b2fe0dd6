"""Key names and phrases (the glossary packets carry) and the forms of address."""
