"""Issuance: turn a finished application into its signed documents, voucher and bundle."""

from app.issuance.build import build_documents, store
from app.issuance.links import verify_url

__all__ = ["build_documents", "store", "verify_url"]
