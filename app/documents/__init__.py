"""PDF documents of an application: e-licence, notices, seal voucher, courier labels, bundle, signing."""
