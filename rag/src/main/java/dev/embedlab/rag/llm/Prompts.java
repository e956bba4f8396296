package dev.embedlab.rag.llm;

/**
 * The prompts embedlab sends, each in Korean and English. The Korean ones are written in Korean from
 * the start rather than translated at run time: RAGAS users report that judges and generated
 * questions drift to English when the instructions are English, so a Korean passage gets Korean
 * instructions and must get a Korean answer.
 */
public final class Prompts {
  private Prompts() {}

  /** Which language a text is in, by Hangul: any Hangul syllable or jamo makes it Korean. */
  public static boolean isKorean(String text) {
    return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HANGUL);
  }

  /** The system message for every call: one JSON object, nothing else. */
  public static String system(boolean korean) {
    return korean
        ? "당신은 검색 시스템을 평가하는 꼼꼼한 평가자입니다. 요청받은 형식의 JSON 객체 하나만 출력하고, 다른 말은 덧붙이지 마세요."
        : "You are a careful evaluator of search systems. Output exactly one JSON object in the requested format and nothing else.";
  }

  /** Asks for one question that the passage alone answers. */
  public static String question(String passage, boolean korean) {
    return korean
        ? "다음 문단을 읽고, 이 문단만 보고 답할 수 있는 자연스러운 한국어 질문 하나를 만드세요.\n"
            + "규칙:\n- 실제 사용자가 검색창에 입력할 법한 한국어 질문으로 쓰세요.\n"
            + "- 문단의 문장을 그대로 베끼지 말고, 핵심 내용을 다른 말로 물어보세요.\n"
            + "- 문단만으로 답할 수 없다면 answerable을 false로 하세요.\n"
            + "출력 형식: {\"question\": \"...\", \"answerable\": true}\n\n문단:\n\"\"\"\n" + passage + "\n\"\"\""
        : "Read the passage and write one natural English question that the passage alone answers.\n"
            + "Rules:\n- Write it as a real user would type it into a search box.\n"
            + "- Do not copy sentences from the passage; ask about its key fact in other words.\n"
            + "- If the passage cannot answer any question on its own, set answerable to false.\n"
            + "Output format: {\"question\": \"...\", \"answerable\": true}\n\nPassage:\n\"\"\"\n" + passage + "\n\"\"\"";
  }

  /** RAGAS context precision: was the context useful to arrive at the reference answer? */
  public static String contextUseful(String question, String context, String answer, boolean korean) {
    return korean
        ? "질문, 문맥, 정답이 주어집니다. 이 문맥이 정답에 이르는 데 도움이 되었는지 판단하세요. "
            + "도움이 되었으면 verdict를 1, 아니면 0으로 하세요.\n출력 형식: {\"reason\": \"...\", \"verdict\": 1}\n\n"
            + "질문: " + question + "\n문맥: " + context + "\n정답: " + answer
        : "Given a question, a context and an answer, decide whether the context was useful in arriving at the "
            + "answer. Give verdict 1 if useful and 0 if not.\nOutput format: {\"reason\": \"...\", \"verdict\": 1}\n\n"
            + "question: " + question + "\ncontext: " + context + "\nanswer: " + answer;
  }

  /** RAGAS context recall: can each sentence of the reference answer be attributed to the context? */
  public static String attributable(String question, String context, String reference, boolean korean) {
    return korean
        ? "질문, 문맥, 정답이 주어집니다. 정답을 문장 단위로 나누고, 각 문장이 문맥에서 뒷받침되는지 판단하세요. "
            + "뒷받침되면 attributed를 1, 아니면 0으로 하세요.\n"
            + "출력 형식: {\"classifications\": [{\"statement\": \"...\", \"reason\": \"...\", \"attributed\": 1}]}\n\n"
            + "질문: " + question + "\n문맥: " + context + "\n정답: " + reference
        : "Given a question, a context and an answer, split the answer into sentences and classify whether each "
            + "sentence can be attributed to the context: attributed 1 if yes, 0 if no.\n"
            + "Output format: {\"classifications\": [{\"statement\": \"...\", \"reason\": \"...\", \"attributed\": 1}]}\n\n"
            + "question: " + question + "\ncontext: " + context + "\nanswer: " + reference;
  }

  /** RAGAS faithfulness, step 1: the answer broken into standalone statements. */
  public static String statements(String question, String answer, boolean korean) {
    return korean
        ? "질문과 답변이 주어집니다. 답변을 대명사 없이 그 자체로 이해되는 짧은 진술문들로 나누세요.\n"
            + "출력 형식: {\"statements\": [\"...\", \"...\"]}\n\n질문: " + question + "\n답변: " + answer
        : "Given a question and an answer, break the answer into short standalone statements with no pronouns.\n"
            + "Output format: {\"statements\": [\"...\", \"...\"]}\n\nquestion: " + question + "\nanswer: " + answer;
  }

  /** RAGAS faithfulness, step 2: is each statement supported by the context? */
  public static String supported(String context, java.util.List<String> statements, boolean korean) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < statements.size(); i++) {
      list.append(i + 1).append(". ").append(statements.get(i)).append('\n');
    }
    return korean
        ? "문맥과 진술문 목록이 주어집니다. 각 진술문이 문맥으로부터 직접 추론될 수 있는지 판단하세요. "
            + "추론될 수 있으면 verdict를 1, 아니면 0으로 하세요. 목록의 순서와 개수를 그대로 지키세요.\n"
            + "출력 형식: {\"verdicts\": [{\"statement\": \"...\", \"reason\": \"...\", \"verdict\": 1}]}\n\n"
            + "문맥: " + context + "\n진술문:\n" + list
        : "Given a context and a list of statements, decide for each statement whether it can be directly inferred "
            + "from the context: verdict 1 if yes, 0 if no. Keep the order and the number of statements.\n"
            + "Output format: {\"verdicts\": [{\"statement\": \"...\", \"reason\": \"...\", \"verdict\": 1}]}\n\n"
            + "context: " + context + "\nstatements:\n" + list;
  }

  /** RAGAS answer relevancy: a question the answer answers, and whether the answer is noncommittal. */
  public static String questionForAnswer(String answer, boolean korean) {
    return korean
        ? "다음 답변이 답하고 있는 질문을 한국어로 하나 만드세요. 답변이 \"모르겠다\"처럼 얼버무리는 답이면 "
            + "noncommittal을 1, 분명한 답이면 0으로 하세요.\n출력 형식: {\"question\": \"...\", \"noncommittal\": 0}\n\n"
            + "답변: " + answer
        : "Write the question that the following answer answers. If the answer is evasive or noncommittal "
            + "(\"I don't know\"), set noncommittal to 1, else 0.\nOutput format: {\"question\": \"...\", \"noncommittal\": 0}\n\n"
            + "answer: " + answer;
  }
}
