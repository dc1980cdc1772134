"""The GraphQL surface: types, inputs, enums, the roots and the extensions."""
