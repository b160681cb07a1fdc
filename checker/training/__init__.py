"""`checker train-nli`: a reproducible recipe for the NLI cross-encoder (data, synthetic pairs, training, card).

data.py reads the labelled sets and the real news articles and splits them by article/event; synthetic/
turns news sentences into labelled pairs by one-fact edits and meaning-preserving rewrites; recipe.py
trains; card.py writes the model's README; compare_models.py scores a trained model against another on the
evaluation sets.
"""
