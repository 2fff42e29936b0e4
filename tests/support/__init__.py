"""Helpers shared by the tests: real git repositories (`gitrepo`) and real builds (`sitebuild`)."""
