"""The ground every layer stands on: enums, records, ids, errors, the screenplay vocabulary,
text direction and the interface language. Imports nothing else of Kiln's."""
