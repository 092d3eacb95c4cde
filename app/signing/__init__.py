"""签署: every natural person on an application proves who they are and signs before it is accepted.

At filing (`request_signatures`) the 申请书 and, for companies, the 章程 are made and kept, and each
party — the legal representative and every natural-person shareholder, a person named twice once —
gets a one-time link by SMS. On the link the party gives their ID number, the identity provider
checks name + ID number + phone (实名核验), a 6-digit code goes to that phone, and with the code
the party signs (a PAdES signature with an event certificate from the service's party CA) or
declines. The last signature is 受理: the clock starts and the caller queues the pipeline; a
decline withdraws the application.
"""
