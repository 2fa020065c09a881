"""Fitting mujaz's learned parts on journalists' summaries, always with k-fold CV.

* :mod:`mujaz.training.news`: the weights of the ``news`` sentence score (lead summaries);
* :mod:`mujaz.training.headline`: the headline word model (headlines).

``make train`` runs both (``python -m mujaz.training news|headline ...``) and rewrites the
files shipped in ``mujaz/data/``, each with its data's SHA-256 and out-of-fold scores.
Training needs only numpy; nothing is downloaded.
"""
