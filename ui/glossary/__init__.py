"""The Glossary panel: key names and phrases, and the forms of address."""
