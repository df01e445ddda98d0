"""The till's screens: login/shift, sale, payment, return, shift close, and small modals."""
