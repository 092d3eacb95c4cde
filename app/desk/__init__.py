"""After filing: the 办不成事 desk (reports that must be answered) and 好差评 ratings."""
